/**
 * `paramsKey`, remembered per configuration object. The sampler keys every configuration of the
 * history on every call (the duplicate check, the placement cache, the fit memo's rows), and a
 * key is a number-to-text conversion per value: about a twentieth of a running proposal at 100
 * trials. A sweep hands the same history objects to call after call, and `Params` is deeply
 * readonly, so an object's key never changes; a WeakMap lets entries go with the objects.
 * A pure cache: the keys are the very strings `paramsKey` gives.
 */
import { paramsKey } from '../../space/encoding';
import type { Params } from '../../spec/model';

/** A `paramsKey` that computes each configuration object's key once. */
export function rememberingParamsKey(): (params: Params) => string {
  const keys = new WeakMap<Params, string>();
  return (params) => {
    const remembered = keys.get(params);
    if (remembered !== undefined) return remembered;
    const key = paramsKey(params);
    keys.set(params, key);
    return key;
  };
}
