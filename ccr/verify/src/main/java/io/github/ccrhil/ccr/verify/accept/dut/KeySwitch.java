package io.github.ccrhil.ccr.verify.accept.dut;

/**
 * The positions of a regulator's key switch as the bench operator turns it (as on the Hella
 * CCR961: Remote / Off / Local). The verifier's own word for it: what each position means is the
 * DUT's business, and the procedures check what the DUT does in it.
 */
public enum KeySwitch {
    REMOTE,
    OFF,
    LOCAL
}
