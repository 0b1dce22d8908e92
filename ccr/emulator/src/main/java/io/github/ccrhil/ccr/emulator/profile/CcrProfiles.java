package io.github.ccrhil.ccr.emulator.profile;

import io.github.ccrhil.modbus.profile.Profile;
import io.github.ccrhil.modbus.profile.ProfileLoader;

/**
 * The register maps this project ships for its own devices: the reference CCR's remote
 * interface and the emulated power stage. A vendor's CCR is described by a profile file in the
 * same format, read with {@link ProfileLoader#load}.
 */
public final class CcrProfiles {

    /** Classpath resource of the reference CCR's profile. */
    public static final String REFERENCE_CCR = "/profiles/reference-ccr.yaml";

    /** Classpath resource of the emulated power stage's profile. */
    public static final String POWER_STAGE = "/profiles/power-stage.yaml";

    private CcrProfiles() { }

    /** The profile of the project's reference CCR. */
    public static Profile referenceCcr() {
        return ProfileLoader.shipped(CcrProfiles.class, REFERENCE_CCR);
    }

    /** The profile of the emulated power stage (the hardware side as a Modbus device). */
    public static Profile powerStage() {
        return ProfileLoader.shipped(CcrProfiles.class, POWER_STAGE);
    }

    /** The shipped reference profile, byte for byte as it is in the jar. */
    public static String referenceCcrText() {
        return ProfileLoader.resourceText(CcrProfiles.class, REFERENCE_CCR);
    }
}
