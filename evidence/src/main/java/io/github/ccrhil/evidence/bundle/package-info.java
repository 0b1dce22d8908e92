/**
 * What every kind of evidence bundle shares: {@link io.github.ccrhil.evidence.bundle.BundleMarker
 * bundle.json} naming the kind and format version (written first), the common
 * {@link io.github.ccrhil.evidence.bundle.BundleFiles file names}, the shape of
 * {@link io.github.ccrhil.evidence.bundle.Results results.json}, the
 * {@link io.github.ccrhil.evidence.bundle.Manifest manifest} (written last, by
 * {@link io.github.ccrhil.evidence.bundle.BundleFolder#seal()}), and {@code verify-bundle}
 * ({@link io.github.ccrhil.evidence.bundle.BundleCheck}), to which a kind contributes only a
 * {@link io.github.ccrhil.evidence.bundle.BundleKind}: how to re-derive its verdicts.
 */
package io.github.ccrhil.evidence.bundle;
