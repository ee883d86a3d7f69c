import { useState } from 'react';
import { useI18n } from '@client/i18n/i18n-provider';
import { GuardPostForm } from './guard-post-form';
import type { GuardPost, SchoolDetail } from './school-types';

function PostLine({ post }: { post: GuardPost }) {
  const { t } = useI18n();
  const s = post.staffing;
  const staff = (['police', 'auxiliary', 'teachers', 'parents'] as const).filter((k) => s[k] > 0).map((k) => t(`school.staff.${k}`, { count: s[k] }));
  return (
    <>
      <strong>{post.gate}</strong> · {post.hours.map((h) => `${t(`school.hours.${h.label}`)} ${h.from.slice(0, 5)}–${h.to.slice(0, 5)}`).join('，')}
      <br />
      {staff.join('、')}
      {post.synthetic && <span className="synthetic-tag">{t('school.synthetic')}</span>}
    </>
  );
}

/** The school's guard posts (护学岗); who may write here adds, changes and removes them. */
export function GuardPosts({ school }: { school: SchoolDetail }) {
  const { t } = useI18n();
  const [editing, setEditing] = useState<number | 'new' | null>(null);
  const posts = school.guardPosts;
  return (
    <section className="detail-block">
      <h3>{t('school.guardPosts')}</h3>
      {posts.length ? (
        <ul className="school-lines">
          {posts.map((p) => (
            <li key={p.id} data-testid="school-guard-post" data-id={p.id}>
              {editing === p.id ? (
                <GuardPostForm schoolId={school.id} gates={school.gates} post={p} onDone={() => setEditing(null)} />
              ) : (
                <>
                  <PostLine post={p} />
                  {school.mayEdit && (
                    <button type="button" className="link-button" data-testid="guard-post-edit" onClick={() => setEditing(p.id)}>
                      {t('school.post.edit')}
                    </button>
                  )}
                </>
              )}
            </li>
          ))}
        </ul>
      ) : (
        <p className="detail-note">{t('school.noGuardPost')}</p>
      )}
      {school.mayEdit &&
        (editing === 'new' ? (
          <GuardPostForm schoolId={school.id} gates={school.gates} onDone={() => setEditing(null)} />
        ) : (
          <button type="button" className="link-button" data-testid="guard-post-add" onClick={() => setEditing('new')}>
            {t('school.post.add')}
          </button>
        ))}
    </section>
  );
}
