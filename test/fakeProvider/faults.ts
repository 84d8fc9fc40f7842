/**
 * Bookkeeping for injected faults: which rule, if any, applies to the next
 * request of a stage, honouring each rule's `after`/`times` window.
 */
import type { Fault, FaultKind, FaultPlan, FaultRule, ProviderName, Stage } from './types';
import { STAGES } from './types';

/** Stages where each kind means something; anything else is a mistake in the test, reported at once. */
const STAGES_BY_KIND: Record<FaultKind, readonly Stage[]> = {
  status: STAGES,
  html: STAGES,
  malformedJson: STAGES,
  resetMidBody: STAGES,
  neverAnswer: STAGES,
  jobFailure: ['poll'],
  jobCanceled: ['poll'],
  jobNeverFinishes: ['poll'],
  expiredUrl: ['download'],
  truncated: ['download'],
  htmlAsAudio: ['download'],
  minimaxBaseResp: ['generate', 'lyrics'],
  cloudflareGatewayFailed: ['generate'],
  cloudflareAiGatewayError: ['generate'],
  cloudflareUnifiedBillingRefused: ['generate'],
  cloudflareFailedRun: ['generate'],
  gatewayTimeout: ['generate'],
  redirect: ['download'],
  oversizedJson: ['generate', 'poll', 'asset', 'lyrics'],
  echoAuthorization: ['generate', 'lyrics'],
  noContentLength: ['download'],
  endlessAudio: ['download'],
  id3ThenHtml: ['download'],
  underReportedLength: ['download'],
  shortAudio: ['download'],
};

/** Kinds that only exist for one provider apply only to its requests, even without an explicit `provider`. */
const PROVIDER_BY_KIND: Partial<Record<FaultKind, ProviderName>> = {
  jobFailure: 'scenario',
  jobCanceled: 'scenario',
  jobNeverFinishes: 'scenario',
  minimaxBaseResp: 'minimax',
  cloudflareGatewayFailed: 'cloudflare',
  cloudflareAiGatewayError: 'cloudflare',
  cloudflareUnifiedBillingRefused: 'cloudflare',
  cloudflareFailedRun: 'cloudflare',
};

interface ActiveRule {
  readonly stage: Stage;
  readonly rule: FaultRule;
  readonly provider: ProviderName | undefined;
  /** Matching requests seen so far. */
  seen: number;
  /** Times the fault was applied. */
  applied: number;
}

export class FaultBook {
  private rules: ActiveRule[] = [];

  /** Replaces every rule; throws on a kind that makes no sense at its stage. */
  set(plan: FaultPlan): void {
    const rules: ActiveRule[] = [];
    for (const stage of STAGES) {
      const entry = plan[stage];
      if (entry === undefined) continue;
      const list: readonly FaultRule[] = Array.isArray(entry) ? entry : [entry as FaultRule];
      for (const rule of list) {
        if (!STAGES_BY_KIND[rule.kind]?.includes(stage)) {
          throw new TypeError(`fault '${rule.kind}' cannot apply at stage '${stage}'`);
        }
        const implied = PROVIDER_BY_KIND[rule.kind];
        if (implied && rule.provider && rule.provider !== implied) {
          throw new TypeError(`fault '${rule.kind}' is ${implied}-only, not for ${rule.provider}`);
        }
        rules.push({ stage, rule, provider: rule.provider ?? implied, seen: 0, applied: 0 });
      }
    }
    this.rules = rules;
  }

  clear(): void {
    this.rules = [];
  }

  /** The fault for this request, or undefined for normal service. Counts the request against every matching rule. */
  take(stage: Stage, provider: ProviderName | undefined): Fault | undefined {
    let chosen: ActiveRule | undefined;
    for (const active of this.rules) {
      if (active.stage !== stage || (active.provider !== undefined && active.provider !== provider)) continue;
      const inWindow = active.seen >= (active.rule.after ?? 0) && active.applied < (active.rule.times ?? Number.POSITIVE_INFINITY);
      active.seen += 1;
      if (inWindow && !chosen) chosen = active;
    }
    if (!chosen) return undefined;
    chosen.applied += 1;
    return chosen.rule;
  }
}
