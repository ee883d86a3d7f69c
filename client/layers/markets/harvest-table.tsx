import { useQuery } from '@tanstack/react-query';
import { Busy } from '@client/app/busy';
import { apiUrl, getJson, retryServerErrors } from '@client/api/http';
import { useAuth } from '@client/auth/auth-provider';
import { useI18n } from '@client/i18n/i18n-provider';
import { localName } from '../hazards/hazard-labels';
import { ratioText, ratioWithInterval } from './market-labels';
import type { Harvest, HarvestRow, HarvestSeasonCounts } from './market-types';

/** GET /api/markets/harvest for the city (per county) or one county (per township): the ledger's hazards, so per user. */
function useHarvest(enabled: boolean, county: string | null) {
  return useQuery({
    queryKey: ['markets', 'harvest', county],
    queryFn: ({ signal }) => getJson<Harvest>(apiUrl(`/markets/harvest${county ? `?county=${county}` : ''}`), signal),
    enabled,
    staleTime: 10 * 60_000,
    retry: retryServerErrors,
    meta: { perUser: true },
  });
}

/** 1.3 (1.1–1.5): the ratio and its interval in a table cell; ∞ above an unbounded one, – without a crash. */
function shortRatio({ ratio, ci }: HarvestSeasonCounts): string {
  if (!ci) return ratio === null ? '–' : ratioText(ratio);
  return `${ratio === null ? '∞' : ratioText(ratio)} (${ratioText(ci[0])}–${ci[1] === null ? '∞' : ratioText(ci[1])})`;
}

/**
 * 占道晒粮: crashes on the days of each harvest season (麦收, 秋收) against the other days, and the
 * crop-drying hazards found in and out of season, per county (or per township of the chosen
 * county), worst first, with the total. Signed-in users: the hazards are the ledger's.
 */
export function HarvestTable({ county }: { county: string | null }) {
  const { t, locale } = useI18n();
  const { user } = useAuth();
  const harvest = useHarvest(!!user, county);
  if (!user) return <p className="panel-muted">{t('market.harvest.signIn')}</p>;
  if (harvest.isError) return <p className="panel-error" role="alert">{t('market.error', { message: harvest.error.message })}</p>;
  const data = harvest.data;
  if (!data) {
    return (
      <Busy>{t('market.harvest.loading')}</Busy>
    );
  }
  const rows = county ? data.townships.filter((r) => r.countyCode === county) : data.byCounty;
  const seasons = data.seasons;
  const cells = (r: Pick<HarvestRow, 'seasons' | 'other'>) => (
    <>
      {seasons.map((s) => (
        <td key={s.id} title={t('market.harvest.perDay', { perDay: ratioText(r.seasons[s.id].perDay) })}>
          {r.seasons[s.id].crashes}
        </td>
      ))}
      <td className="harvest-ratio" title={t('market.harvest.ratioTitle', { ratio: ratioWithInterval(r.seasons.harvest, t), season: ratioText(r.seasons.harvest.perDay), other: ratioText(r.other.perDay), crashes: r.other.crashes })}>
        {shortRatio(r.seasons.harvest)}
      </td>
      <td>{t('market.harvest.hazardCell', { season: r.seasons.harvest.hazards, other: r.other.hazards })}</td>
    </>
  );
  return (
    <>
      <p className="panel-muted" data-testid="harvest-window">
        {t('market.harvest.window', {
          from: data.from,
          to: data.to,
          seasons: seasons.map((s) => `${locale === 'en' && s.nameEn ? s.nameEn : s.name} ${s.from}–${s.to}`).join(locale === 'en' ? ', ' : '、'),
        })}
      </p>
      <div className="harvest-scroll">
        <table className="market-analysis harvest-table" data-testid="harvest-table">
          <thead>
            <tr>
              <th scope="col">{county ? t('market.harvest.township') : t('market.harvest.county')}</th>
              {seasons.map((s) => (
                <th key={s.id} scope="col">
                  {locale === 'en' && s.nameEn ? s.nameEn : s.name}
                </th>
              ))}
              <th scope="col">{t('market.harvest.ratio')}</th>
              <th scope="col">{t('market.harvest.hazards')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.code} data-testid="harvest-row" data-code={r.code} data-crashes={r.seasons.harvest.crashes} data-hazards={r.seasons.harvest.hazards}>
                <th scope="row">{localName(r, locale)}</th>
                {cells(r)}
              </tr>
            ))}
            {!county && (
              <tr data-testid="harvest-total" data-crashes={data.total.seasons.harvest.crashes} data-hazards={data.total.seasons.harvest.hazards}>
                <th scope="row">{t('market.harvest.total')}</th>
                {cells(data.total)}
              </tr>
            )}
          </tbody>
        </table>
      </div>
      <p className="panel-muted">{t('market.harvest.note')}</p>
    </>
  );
}
