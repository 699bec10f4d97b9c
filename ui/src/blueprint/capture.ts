import type { IdeaKind } from '../ipc';

/** Who is speaking and what kind of idea it is: sticky while ideas are captured and votes cast. */
export type Capture = { participantId: string | null; kind: IdeaKind };
