import type { AppContext } from '../../context.ts';
import { validate } from '../../lib/validate.ts';
import { getAccount } from '../accounts/get-account.ts';
import type { InboundMessage } from '../messages/message-content.ts';
import { TestAutoReplySchema } from './autoreply.schemas.ts';
import { chooseAutoReplies, type AutoReplyChoice, type RandomSource } from './choose-auto-replies.ts';

/** The rule tester's answer: the choice, flagged when developer mode keeps rules from firing. */
export type AutoReplyTestResult = AutoReplyChoice & { developer_mode?: true };

/**
 * The console's rule tester: which auto-replies a follower message would
 * get and why. In developer mode the answer still shows what the rules
 * say, with `developer_mode: true` and a reason saying they do not fire.
 */
export async function testAutoReply(
  ctx: AppContext,
  appid: string,
  input: unknown,
  random?: RandomSource,
): Promise<AutoReplyTestResult> {
  const data = validate(TestAutoReplySchema, input);
  const account = await getAccount(ctx, appid);
  const message: InboundMessage = data.message ?? { msgtype: 'text', text: { content: data.text ?? '' } };
  const choice = await chooseAutoReplies(ctx, account, { kind: 'message', message }, random);
  if (account.server_enabled !== 1) return choice;
  return {
    ...choice,
    developer_mode: true,
    reason: `developer mode is on, so auto-reply rules do not fire (otherwise: ${choice.reason})`,
  };
}
