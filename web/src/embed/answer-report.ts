// "Predict first" answers, told to the page around: an embedded page (in an <iframe>) posts
// { type: 'layerlab:answer', question, answer, correct } to its parent; outside a frame nothing
// is sent. The element fires its event itself (element.ts).
import { type AnswerReport, answerMessage } from '../share/answer-message.ts';

export function postAnswer(report: AnswerReport, win: Window = window): void {
  if (win.parent === win) return;
  // Like the height: the host's own listener decides whom to trust; nothing private is in it.
  win.parent.postMessage(answerMessage(report), '*');
}
