// What "Predict first" reports to the host page for each answer: the question's name, the
// learner's text and whether it was right. Nothing else, nowhere else (no network, no storage).
// The page in an <iframe> posts it as a message; the element fires ANSWER_EVENT with it as detail.
import type { QuestionId } from '../learn/predict/questions.ts';

export const ANSWER_MESSAGE = 'layerlab:answer';
/** The element's event (bubbling, composed): detail is { question, answer, correct }. */
export const ANSWER_EVENT = 'layerlab-answer';

export interface AnswerReport {
  question: QuestionId;
  answer: string;
  correct: boolean;
}

export interface AnswerMessage extends AnswerReport {
  type: typeof ANSWER_MESSAGE;
}

export function answerMessage(report: AnswerReport): AnswerMessage {
  return { type: ANSWER_MESSAGE, question: report.question, answer: report.answer, correct: report.correct };
}
