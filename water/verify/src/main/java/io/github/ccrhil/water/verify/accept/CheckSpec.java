package io.github.ccrhil.water.verify.accept;

/** One planned check: id, requirement and procedure, as written in the plan before anything runs. */
public record CheckSpec(String id, String requirement, String procedure) {
}
