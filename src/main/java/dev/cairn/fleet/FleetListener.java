package dev.cairn.fleet;

/**
 * What a fleet run tells when it ends, for notifications. Called on the fleet's thread; a listener must be quick,
 * and one that fails is logged and never changes the fleet run.
 */
public interface FleetListener {

    /** The fleet run ended: succeeded, failed or cancelled; {@code view} is its final state. */
    void finished(FleetRunView view);
}
