import { useI18n } from '@client/i18n/i18n-provider';
import { useAuth } from './auth-provider';

/** The header's corner: who is signed in (name, role, scope) and sign-out, or the way to sign in. */
export function UserMenu() {
  const { t } = useI18n();
  const { user, openSignIn, signOut } = useAuth();
  if (user === undefined) return null;
  if (user === null) {
    return (
      <button type="button" className="header-button" data-testid="sign-in" onClick={openSignIn}>
        {t('auth.signIn')}
      </button>
    );
  }
  return (
    <div className="user-menu" data-testid="user-menu" data-username={user.username}>
      <span className="user-name">{user.displayName}</span>
      <span className="user-role">
        {t(`role.${user.role}`)} · {user.scope.name}
      </span>
      <button type="button" className="header-button" data-testid="sign-out" onClick={() => void signOut()}>
        {t('auth.signOut')}
      </button>
    </div>
  );
}
