import type { SessionUser } from '@client/api/api-client';
import { useI18n } from '@client/i18n/i18n-provider';
import { DueReminder, useDue } from './due-reminder';
import { HazardDetails, type HazardSections } from './hazard-details';
import type { Hazard } from './hazard-types';
import { LedgerPanel } from './ledger-panel';
import { PickBanner } from '@client/app/pick-banner';
import { RegisterForm } from './register-form';
import { OutboxCard } from './outbox-card';
import { useOutbox } from './use-outbox';
import { useState } from 'react';
import type { Ledger } from './use-ledger';

interface LedgerOverlayProps {
  ledger: Ledger;
  user: SessionUser;
  selectedId: number | null;
  /** A row of the list, a duplicate, a newly registered hazard, a deadline: fly there and open it. */
  onOpen(hazard: Pick<Hazard, 'id' | 'lon' | 'lat'>): void;
  onCloseDetails(): void;
  /** A 马路市场 hazard's market, opened in its own card (when the markets feature offers it). */
  onOpenMarket?: (id: number) => void;
  /** What other features add to a hazard's card. */
  sections?: HazardSections;
  /** A place picked for a new hazard (map or position): checked against the user's jurisdiction, then the form. */
  onPicked(lonLat: [number, number]): void;
  /** Why the last place picked was refused. */
  refusal: string | null;
}

/** Everything of the ledger over the map: its button and panel, registering, and one hazard's drawer. */
export function LedgerOverlay({ ledger, user, selectedId, onOpen, onCloseDetails, onOpenMarket, sections, onPicked, refusal }: LedgerOverlayProps) {
  const { t } = useI18n();
  const { register, setRegister, hazards } = ledger;
  const mayRegister = user.role === 'officer' || user.role === 'admin';
  const stopRegistering = () => setRegister({ kind: 'none' });
  const due = useDue(true).data;
  const outbox = useOutbox(mayRegister ? user.username : null, t);
  const [queued, setQueued] = useState(false);
  // On the button: what needs seeing to (overdue and coming due), else the overdue of the list shown.
  const dueCount = due ? due.overdue.total + due.dueSoon.total : (hazards.data?.meta.overdue ?? 0);
  return (
    <>
      {!ledger.open && (
        <button
          type="button"
          className="ledger-toggle"
          data-testid="ledger-toggle"
          title={due ? t('ledger.dueCount', { overdue: due.overdue.total, soon: due.dueSoon.total, days: due.days }) : undefined}
          onClick={() => ledger.setOpen(true)}
        >
          {t('ledger.open')}
          {dueCount > 0 && (
            <span className="overdue-count" data-testid="ledger-due-count">
              {dueCount}
            </span>
          )}
        </button>
      )}
      {/* The reminder is for those who act on deadlines; a leader reads them on the dashboard, the count is on the button. */}
      {due && (user.role === 'officer' || user.role === 'liaison') && <DueReminder key={user.username} username={user.username} due={due} onOpen={onOpen} />}
      <span hidden data-testid="due-state" data-state={due ? 'loaded' : 'loading'} />
      {queued && outbox.items.length > 0 && (
        <p className="outbox-notice" role="status" data-testid="outbox-notice">
          {t('outbox.queued')}
          <button type="button" className="icon-button" aria-label={t('details.close')} onClick={() => setQueued(false)}>
            ×
          </button>
        </p>
      )}
      {/* In the ledger when it is open; over the map, where the signal's absence is felt, when it is not. */}
      {!ledger.open && <OutboxCard outbox={outbox} onOpen={onOpen} floating />}
      {ledger.open && register.kind !== 'picking' && <LedgerPanel ledger={ledger} mayRegister={mayRegister} summaryBy={user.scope.level === 'city' ? 'county' : 'township'} selectedId={selectedId} onSelect={onOpen} outbox={<OutboxCard outbox={outbox} onOpen={onOpen} />} />}
      {register.kind === 'picking' && <PickBanner onPicked={onPicked} refusal={refusal} onCancel={stopRegistering} />}
      {register.kind === 'form' ? (
        <RegisterForm
          // A new place or prefill is a new form, not the edits of the last one.
          key={`${register.lonLat.join()}|${register.initial?.description ?? ''}`}
          lonLat={register.lonLat}
          initial={register.initial}
          onClose={stopRegistering}
          onQueued={() => {
            stopRegistering();
            setQueued(true);
          }}
          onOpen={(h) => {
            stopRegistering();
            onOpen(h);
          }}
        />
      ) : (
        selectedId !== null && <HazardDetails key={selectedId} id={selectedId} onClose={onCloseDetails} onOpenMarket={onOpenMarket} sections={sections} />
      )}
    </>
  );
}
