import { useParams } from 'react-router-dom';
import { useApi } from '../../lib/useApi.ts';
import { canEdit, useSignedIn, type SessionAccount } from '../session/useSession.tsx';
import type { Account } from './types.ts';

/** The account of the current route: the session's view (roles) and the API's full row. */
export function useAccount(): {
  appid: string;
  mine: SessionAccount | undefined;
  editable: boolean;
  account: Account | undefined;
  reload: () => void;
  error: ReturnType<typeof useApi>['error'];
} {
  const { appid = '' } = useParams();
  const session = useSignedIn();
  const mine = session.accounts.find((a) => a.appid === appid);
  const { data, reload, error } = useApi<Account>(`/accounts/${appid}`);
  return { appid, mine, editable: canEdit(mine), account: data, reload, error };
}
