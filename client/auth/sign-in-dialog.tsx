import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api } from '@client/api/api-client';
import { ApiRequestError, ok } from '@client/api/http';
import { useI18n } from '@client/i18n/i18n-provider';
import type { Translate } from '@client/i18n/locale';
import { Dialog } from '@client/app/dialog';
import { FormField } from '@client/app/form-field';
import { LOGIN_MUTATION_KEY, useAuth } from './auth-provider';

function signInError(error: Error, t: Translate): string {
  if (error instanceof ApiRequestError && error.status === 401) return t('auth.error.credentials');
  if (error instanceof ApiRequestError && error.status === 429) {
    return t('auth.error.rateLimited', { minutes: Math.max(1, Math.ceil((error.retryAfter ?? 900) / 60)) });
  }
  return t('auth.error.other', { message: error.message });
}

/** Username and password; the session cookie is set by the API, the CSRF token kept in memory. */
export function SignInDialog() {
  const { t } = useI18n();
  const { signedIn, closeSignIn } = useAuth();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const login = useMutation({
    mutationKey: LOGIN_MUTATION_KEY,
    mutationFn: async () => (await ok(api.auth.login.$post({ json: { username, password } }))).json(),
    onSuccess: signedIn,
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    login.mutate();
  };
  return (
    <Dialog title={t('auth.title')} onClose={closeSignIn} testId="sign-in-dialog">
      <form className="form" onSubmit={submit}>
        <FormField label={t('auth.username')}>
          <input name="username" autoComplete="username" autoFocus required value={username} onChange={(e) => setUsername(e.target.value)} />
        </FormField>
        <FormField label={t('auth.password')}>
          <input name="password" type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
        </FormField>
        {login.isError && (
          <p className="form-error" role="alert" data-testid="sign-in-error">
            {signInError(login.error, t)}
          </p>
        )}
        <div className="form-actions">
          <button type="submit" className="button" disabled={login.isPending} data-testid="sign-in-submit">
            {login.isPending ? t('auth.signingIn') : t('auth.signIn')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
