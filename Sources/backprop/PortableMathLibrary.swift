import Foundation

/// Makes the C library's math routines the same on every x86-64 CPU before anything runs.
///
/// glibc chooses, per CPU, between versions of the double-precision exp, log, pow, tanh
/// and erf: one that uses fused multiply-adds where the CPU has FMA (or AMD's FMA4) and
/// plain SSE2 code elsewhere, and the two differ in the last bit of some results, which a
/// Float64 run (gradcheck, hand-checked examples) then shows. The process re-executes
/// itself once with glibc told to use the plain versions (`glibc.cpu.hwcaps=-FMA,-FMA4`),
/// which every x86-64 CPU runs, so a seed gives the same bits on every machine with the
/// same C library. The engine's own matrix product chooses its kernel by itself (and gets
/// the same bits either way), so it keeps AVX2 and FMA.
enum PortableMathLibrary {
    static let tunable = "glibc.cpu.hwcaps=-FMA,-FMA4"
    private static let marker = "BACKPROP_PORTABLE_MATH"

    /// Re-executes the process with the tunable set, unless that was done already. If the
    /// re-execution fails the process goes on as it is, with the CPU's own routines.
    static func ensure() {
        #if os(Linux) && arch(x86_64)
            let environment = ProcessInfo.processInfo.environment
            guard environment[marker] == nil else { return }
            let tunables = environment["GLIBC_TUNABLES"].map { "\($0):\(tunable)" } ?? tunable
            setenv("GLIBC_TUNABLES", tunables, 1)
            setenv(marker, "1", 1)
            execv("/proc/self/exe", CommandLine.unsafeArgv)
            // Still here: nothing changed for this process; say so once and go on.
            FileHandle.standardError.write(
                Data("backprop: could not restart with portable math routines (errno \(errno))\n".utf8))
        #endif
    }
}
