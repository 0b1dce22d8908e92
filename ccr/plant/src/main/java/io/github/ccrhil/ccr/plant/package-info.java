/**
 * The emulated hardware of a constant-current regulator: mains, thyristor power stage with output
 * transformer, and the series lighting loop with isolation transformers, halogen and LED lamps.
 *
 * <p>Entry points: {@link io.github.ccrhil.ccr.plant.Plants#waveform(PlantConfig)} (≥ 200 samples per
 * cycle, RK4) and {@link io.github.ccrhil.ccr.plant.Plants#averaged(PlantConfig)} (one algebraic update
 * per half-cycle); configurations from {@link io.github.ccrhil.ccr.plant.PlantConfig#reference},
 * {@link io.github.ccrhil.ccr.plant.LoopConfig#typical} and {@link io.github.ccrhil.ccr.plant.LoopConfig#forLoad};
 * faults through {@link io.github.ccrhil.ccr.plant.CircuitModel#conditions()}. The package is pure: no
 * I/O, no clock, StrictMath throughout, seeded noise.
 */
package io.github.ccrhil.ccr.plant;
