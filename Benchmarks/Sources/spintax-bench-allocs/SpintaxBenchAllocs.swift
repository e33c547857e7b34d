import BenchSupport
import MallocInterposerSwift
import Spintax

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Counts heap allocations per operation with ordo-one's malloc interposer: steady-state article
/// renders (target 0), headline variants, parses and lints.
///
/// Exits 1 when a steady-state render allocates. Usage: `spintax-bench-allocs [--data DIR]`
@main
struct SpintaxBenchAllocs {
    static func main() {
        var directory = BenchmarkData.defaultDirectory
        var arguments = CommandLine.arguments.dropFirst()
        while let argument = arguments.popFirst() {
            if argument == "--data", let value = arguments.popFirst() {
                directory = value
            } else {
                print("usage: spintax-bench-allocs [--data DIR]")
                exit(2)
            }
        }
        let workload: Workload
        do {
            workload = try Workload(data: BenchmarkData(directory: directory))
        } catch {
            print("spintax-bench-allocs: \(error)")
            exit(1)
        }
        var buffer: [UInt8] = []
        buffer.reserveCapacity(64 * 1024)
        var sink = workload.renderArticles(first: 0, count: 600, buffer: &buffer)

        let renders = 6_000
        let renderAllocations = count {
            sink &+= workload.renderArticles(first: 600, count: renders, buffer: &buffer)
        }
        var variants = 0
        let headlineAllocations = count {
            let result = workload.enumerateHeadlines(buffer: &buffer)
            variants = result.variants
            sink &+= result.checksum
        }
        let parseAllocations = count { sink &+= workload.parseArticle().diagnostics.count }
        let strictAllocations = count { sink &+= workload.lintArticle(mode: .strict).diagnostics.count }

        let perRender = Double(renderAllocations.mallocs) / Double(renders)
        print(Figure("allocations/render", perRender, decimals: 3, target: .atMost(0)).line)
        print(Figure("bytes allocated/render", Double(renderAllocations.bytes) / Double(renders), decimals: 1).line)
        print(Figure("allocations/enumeration", Double(headlineAllocations.mallocs)).line
            + "   (all \(variants) headline variants, enumerator included)")
        print(Figure("allocations/parse", Double(parseAllocations.mallocs)).line)
        print(Figure("allocations/lint", Double(strictAllocations.mallocs)).line)
        print("(\(renders) steady-state renders after 600 warm-up; checksum \(sink % 9973))")
        exit(renderAllocations.mallocs == 0 ? 0 : 1)
    }

    /// The number of mallocs (and bytes) `body` makes.
    static func count(_ body: () -> Void) -> (mallocs: Int, bytes: Int) {
        MallocInterposerSwift.reset()
        MallocInterposerSwift.hook()
        body()
        MallocInterposerSwift.unhook()
        let statistics = MallocInterposerSwift.getStatistics()
        return (statistics.mallocCount, statistics.mallocBytesCount)
    }
}
