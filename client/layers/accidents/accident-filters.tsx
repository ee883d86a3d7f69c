import type { ReactNode } from 'react';
import { useI18n } from '@client/i18n/i18n-provider';
import type { AccidentFilter } from './accident-filter';
import type { AccidentRenderData } from './accident-render-data';
import { AccidentCount } from './accident-count';
import { PanelSection } from '@client/panel/panel-section';
import { SeverityFilter } from './severity-filter';
import { TimeFilter } from './time-filter';

export type AccidentsStatus =
  | { kind: 'loading' }
  | { kind: 'error'; message: string }
  | { kind: 'ready'; data: AccidentRenderData };

interface AccidentFiltersProps {
  status: AccidentsStatus;
  filter: AccidentFilter;
  range: { fromDay: number; toDay: number };
  shown: number;
  onChange(filter: AccidentFilter): void;
  /** What the user may do with the accidents (导入事故), under the count. */
  actions?: ReactNode;
}

export function AccidentFilters({ status, filter, range, shown, onChange, actions }: AccidentFiltersProps) {
  const { t } = useI18n();
  if (status.kind !== 'ready') {
    return (
      <PanelSection title={t('filter.time')}>
        <p className={status.kind === 'error' ? 'panel-error' : 'panel-muted'} role={status.kind === 'error' ? 'alert' : 'status'}>
          {status.kind === 'error' ? t('filter.error', { message: status.message }) : t('filter.loading')}
        </p>
      </PanelSection>
    );
  }
  return (
    <>
      <PanelSection title={t('filter.time')}>
        <TimeFilter
          time={filter.time}
          range={range}
          dayZero={status.data.dayZero}
          firstDay={status.data.firstDay}
          lastDay={status.data.lastDay}
          onChange={(time) => onChange({ ...filter, time })}
        />
      </PanelSection>
      <PanelSection title={t('filter.severity')}>
        <SeverityFilter value={filter.severities} onChange={(severities) => onChange({ ...filter, severities })} />
        <AccidentCount shown={shown} total={status.data.length} />
        {actions}
      </PanelSection>
    </>
  );
}
