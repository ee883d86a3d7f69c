import { useI18n } from '@client/i18n/i18n-provider';
import type { ZoneCounts, ZoneStats } from './school-types';

const rate = (x: number) => (x >= 10 ? x.toFixed(0) : x.toFixed(2));

/** School hours on school days against all other hours in the zone: crashes, who was hurt, crashes per 1000 hours. */
export function ZoneStatsTable({ stats }: { stats: ZoneStats }) {
  const { t } = useI18n();
  const line = (name: string, c: ZoneCounts, testId: string) => (
    <tr data-testid={testId}>
      <th scope="row">{name}</th>
      <td>{c.hours}</td>
      <td>{c.crashes}</td>
      <td>
        {c.deaths} / {c.injuries}
      </td>
      <td>
        {c.pedestrians} / {c.ebikes}
      </td>
      <td>{rate(c.rate)}</td>
    </tr>
  );
  return (
    <>
      <p className="detail-note">{t('school.stats.window', { from: stats.from, to: stats.to, days: stats.schoolDays })}</p>
      <table className="market-analysis school-stats">
        <thead>
          <tr>
            <th />
            <th scope="col">{t('school.stats.hours')}</th>
            <th scope="col">{t('school.stats.crashes')}</th>
            <th scope="col">{t('school.stats.casualties')}</th>
            <th scope="col">{t('school.stats.users')}</th>
            <th scope="col">{t('school.stats.rate')}</th>
          </tr>
        </thead>
        <tbody>
          {line(t('school.stats.schoolHours'), stats.schoolHours, 'school-stats-school')}
          {line(t('school.stats.otherHours'), stats.otherHours, 'school-stats-other')}
        </tbody>
      </table>
      {stats.schoolHours.children === null && <p className="detail-note">{t('school.stats.noChildren')}</p>}
    </>
  );
}
