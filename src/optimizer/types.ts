import type { StepRecord } from '../policy/stepper.ts';
import type { ObsFormat } from '../objects/observation.ts';
import type { PolicySource } from '../policy/source.ts';

/** How a prompt is written: `compact` (our folded one-line-per-step trace) or `optoprime` (the study's, Trace's OptoPrime layout). */
export type ContextKind = 'compact' | 'optoprime';
export const CONTEXT_KINDS: readonly ContextKind[] = ['compact', 'optoprime'];

/** The `detail` of an image part (OpenAI's vision input): what a picture costs in tokens. */
export type ImageDetail = 'low' | 'high';
export const IMAGE_DETAILS: readonly ImageDetail[] = ['low', 'high'];

/** One rollout of the batch, cut at the credit horizon. */
export interface Rollout {
  /** Compact execution trace (policy/trace-text.ts), one line per step or folded run. */
  trace: string[];
  /** The steps over the credit horizon, each with what the policy saw and its functions' calls. */
  records: StepRecord[];
  /** What the policy saw after the last step (one line, as in the records). */
  finalObs: string;
  /** The screen after the last step as a PNG (base64), when pictures are kept and the last record has none of its own. */
  endPicture?: string;
  steps: number;
  reward: number;
  errors: number;
}

/** What happened to an earlier update, remembered in later contexts. */
export interface UpdateMemory {
  iteration: number;
  /** Functions the update changed. */
  changed: string[];
  reasoning: string;
  /** The editable functions' code the iteration's feedback was about (absent in checkpoints from before it was kept). */
  variables?: Record<string, string>;
  /** The feedback that code received. */
  feedback?: string;
  /** "accepted: evaluation 12.0 (best so far)", "rejected: act() threw ...", ... */
  outcome: string;
  accepted: boolean;
}

export interface ContextInput {
  gameId: string;
  gameName: string;
  gameDescription: string;
  /** The game's obs.d.ts: observation and action documentation. */
  obsDoc: string;
  /** What the policy sees (the trace shows it in this format). */
  obs: ObsFormat;
  /** The game's action names; an action index names one of these. */
  actionNames: string[];
  policy: PolicySource;
  horizon: number;
  rollouts: Rollout[];
  /** Optional full-episode evaluation of the current policy, with its sentence of feedback. */
  evaluation?: { score: number; feedback: string };
  history: UpdateMemory[];
  /** Approximate token budget for the whole prompt, pictures included. */
  tokenBudget: number;
  /** Pictures of each rollout's window to send (0 or absent: none; the rollouts must have kept them). */
  images?: number;
  /** Their detail level (default low). */
  imageDetail?: ImageDetail;
  /**
   * Replays the batch's rollouts over the credit horizon with some functions
   * rewritten and returns the reward earned (for optimizers that search, like
   * the tuner; not part of the prompt).
   */
  screen?: (functions: Record<string, string>) => number;
}

/** A part of a message with pictures (OpenAI's chat content parts). */
export type ContentPart = { type: 'text'; text: string } | { type: 'image_url'; image_url: { url: string; detail: ImageDetail } };

/** A chat message; a user's may hold pictures (--context-images). */
export type ChatMessage = { role: 'system'; content: string } | { role: 'assistant'; content: string } | { role: 'user'; content: string | ContentPart[] };

export interface BuiltContext {
  messages: ChatMessage[];
  /** Size of each section, for the run log. */
  sections: { name: string; chars: number; tokens: number }[];
  tokens: number;
  /** Of which the pictures' (estimated by OpenAI's rule: optimizer/images.ts). */
  imageTokens?: number;
  /** How the trace names the step whose screen is the one after record `record` of rollout `rollout` (builders fill it; pictures are captioned with it). */
  stepName?: (rollout: number, record: number) => string;
  /** What was cut to fit the budget, if anything. */
  cut?: string;
  /** The feedback the prompt carried (kept in the memory of later prompts). */
  feedback: string;
  /** Reads a reply to these messages (each prompt layout asks for its own reply format); throws with a short reason. */
  readReply: (text: string) => Candidate;
}

/** A proposed rewrite: new code for some editable functions. */
export interface Candidate {
  reasoning: string;
  functions: Record<string, string>;
}

export interface Usage {
  calls: number;
  promptTokens: number;
  completionTokens: number;
  costUsd: number;
}

export interface Proposal {
  candidate?: Candidate;
  /** Why no candidate came back (network, parse error, ...). */
  error?: string;
  usage: Usage;
  /** The raw response text, saved with the prompt. */
  response?: string;
}

export interface Optimizer {
  readonly name: string;
  /** A cheap check that the optimizer can be reached at all: why not, or undefined when it can. */
  unreachable?(): Promise<string | undefined>;
  propose(input: ContextInput, context: BuiltContext): Promise<Proposal>;
  /** Internal state to keep in a run's checkpoint, so a resumed run repeats exactly. */
  saveState?(): unknown;
  loadState?(state: unknown): void;
}

export const NO_USAGE: Usage = { calls: 0, promptTokens: 0, completionTokens: 0, costUsd: 0 };
