package io.github.ccrhil.ccr.verify.accept.verdict;

import io.github.ccrhil.ccr.verify.accept.plan.TestPlan;
import io.github.ccrhil.ccr.verify.accept.plan.TestPlan.DeclaredComponent;

/**
 * The SHA-256 a plan's declared component must report: its literal hash, or what a symbolic one
 * such as {@value DeclaredComponent#REFERENCE_BUILD} stands for under that plan's equipment.
 */
@FunctionalInterface
public interface IdentityResolver {

    String expectedSha256(TestPlan plan, DeclaredComponent component);

    /** Literal hashes only: a symbolic one stays as written (and so never matches a hash). */
    IdentityResolver LITERAL = (plan, d) -> d.sha256();
}
