import { useQuery, useQueryClient } from '@tanstack/react-query';
import { createContext, useCallback, useContext, useEffect, useMemo, type ReactNode } from 'react';
import { getMe, login as loginRequest, logout as logoutRequest, type LoginBody, type Me } from '../features/auth/auth-api';
import { isApiError, setPasswordChangeListener, setUnauthorizedListener } from './api-client';

export const meQueryKey = ['auth', 'me'] as const;

interface AuthContextValue {
  me: Me | null;
  loading: boolean;
  hasPermission: (code: string) => boolean;
  signIn: (body: LoginBody) => Promise<Me>;
  signOut: () => Promise<void>;
  refreshMe: () => Promise<void>;
}

const AuthContext = createContext<AuthContextValue | null>(null);

async function fetchSession(): Promise<Me | null> {
  try {
    return await getMe();
  } catch (error) {
    if (isApiError(error) && error.status === 401) return null;
    throw error;
  }
}

export function AuthProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const session = useQuery({
    queryKey: meQueryKey,
    queryFn: fetchSession,
    staleTime: Infinity,
    retry: 1,
    meta: { silent: true },
  });

  const forgetSession = useCallback(() => {
    queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== meQueryKey[0] });
    queryClient.setQueryData(meQueryKey, null);
  }, [queryClient]);

  useEffect(() => {
    setUnauthorizedListener(forgetSession);
    setPasswordChangeListener(() => void queryClient.invalidateQueries({ queryKey: meQueryKey }));
    return () => {
      setUnauthorizedListener(null);
      setPasswordChangeListener(null);
    };
  }, [forgetSession, queryClient]);

  const signIn = useCallback(
    async (body: LoginBody) => {
      const { user } = await loginRequest(body);
      queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== meQueryKey[0] });
      queryClient.setQueryData(meQueryKey, user);
      return user;
    },
    [queryClient],
  );

  const signOut = useCallback(async () => {
    try {
      await logoutRequest();
    } finally {
      forgetSession();
    }
  }, [forgetSession]);

  const refreshMe = useCallback(async () => {
    await queryClient.invalidateQueries({ queryKey: meQueryKey });
  }, [queryClient]);

  const me = session.data ?? null;
  const value = useMemo<AuthContextValue>(() => {
    const granted = new Set(me?.permissions ?? []);
    return {
      me,
      loading: session.isPending,
      hasPermission: (code) => granted.has(code),
      signIn,
      signOut,
      refreshMe,
    };
  }, [me, session.isPending, signIn, signOut, refreshMe]);

  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthContextValue {
  const value = useContext(AuthContext);
  if (!value) throw new Error('useAuth must be used inside <AuthProvider>');
  return value;
}

/** The signed-in user; only for components rendered behind <RequireAuth>. */
export function useMe(): Me {
  const { me } = useAuth();
  if (!me) throw new Error('useMe needs a signed-in user');
  return me;
}
