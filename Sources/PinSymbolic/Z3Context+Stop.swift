import PinLang
import Z3

extension StopToken {
    /// Interrupts the Z3 calls of `context` once this token stops, until the returned
    /// registration is cancelled (which must happen before the context goes away): how a
    /// blocking Z3 call hears the one stop mechanism every engine and prover uses.
    package func interrupting(_ context: Z3Context) -> StopToken.Registration {
        let interrupter = Z3Interrupter(context)
        let registration = onStop { _ in interrupter.interrupt() }
        return StopToken.Registration.combined(registration) { interrupter.retire() }
    }
}
