import { useQuery, useQueryClient } from '@tanstack/react-query';
import { lazy, Suspense, useState } from 'react';
import { apiUrl, getJson } from '@client/api/http';
import { ImportOpener } from '@client/app/import-dialog';
import { PanelSection } from '@client/app/panel-section';
import { useI18n } from '@client/i18n/i18n-provider';
import { BoundaryImportDialog } from './boundary-import';
import { PostImportDialog } from './post-import';

// The road import (its own dialog, the Excel writer) is a chunk of its own, fetched when opened.
const RoadImportDialog = lazy(() => import('./road-import').then((m) => ({ default: m.RoadImportDialog })));

interface NetworkSummary {
  roads: number;
  synthetic: number;
  builtIn: number;
  imported: number;
  importedKm: number;
  lastImport: { file: string; by: string; at: string } | null;
  posts: { imported: number; synthetic: number; roads: number };
}

/** 路网 (admins): what the network is made of (generated demo or imported) and 导入路网. */
export function NetworkSection() {
  const { t, locale } = useI18n();
  const [open, setOpen] = useState(false);
  const queryClient = useQueryClient();
  const summary = useQuery({ queryKey: ['roads-network'], queryFn: ({ signal }) => getJson<NetworkSummary>(apiUrl('/roads/network'), signal), enabled: open });
  const s = summary.data;
  // Roads, boundaries, intersections, sight lines and every accident's snap may have changed: everything is read
  // again, the config too, whose new base data version gives the map's sources new URLs.
  const reload = () => void queryClient.invalidateQueries();
  return (
    <PanelSection id="network" title={t('network.heading')} open={open} onToggle={() => setOpen(!open)}>
      {s && (
        <p className="section-note" data-testid="network-summary" data-synthetic={s.synthetic} data-imported={s.imported}>
          {s.imported > 0
            ? t('network.summary', { roads: s.roads, synthetic: s.synthetic, builtIn: s.builtIn, imported: s.imported, km: s.importedKm })
            : s.synthetic > 0
              ? t('network.demoOnly', { synthetic: s.synthetic, builtIn: s.builtIn })
              : t('network.builtInOnly', { builtIn: s.builtIn })}
          {s.lastImport && (
            <>
              <br />
              {t('network.last', { file: s.lastImport.file, by: s.lastImport.by, at: new Date(s.lastImport.at).toLocaleString(locale === 'zh' ? 'zh-CN' : 'en-GB') })}
            </>
          )}
          <br />
          <span data-testid="network-posts" data-imported={s.posts.imported}>
            {t('network.posts', s.posts)}
          </span>
        </p>
      )}
      <div className="hotspot-export">
        <ImportOpener label={t('network.import.open')} testId="road-import-open">
          {(close) => (
            <Suspense fallback={null}>
              <RoadImportDialog onClose={close} onDone={reload} />
            </Suspense>
          )}
        </ImportOpener>
        <ImportOpener label={t('boundary.open')} testId="boundary-import-open">
          {(close) => <BoundaryImportDialog onClose={close} onDone={reload} />}
        </ImportOpener>
        <ImportOpener label={t('posts.open')} testId="post-import-open">
          {(close) => <PostImportDialog onClose={close} onDone={reload} />}
        </ImportOpener>
      </div>
    </PanelSection>
  );
}
