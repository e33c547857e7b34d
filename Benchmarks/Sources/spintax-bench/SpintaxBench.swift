import BenchSupport
import Spintax

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Quick, single-threaded figures for the Spintax engine (issue 4), printed as plain lines.
///
/// Usage: `spintax-bench [--runs N] [--renders N] [--data DIR] [--diagnostics]`
/// (`--diagnostics` lists the article's strict lint diagnostics and stops. `--profile OPERATION COUNT`
/// only repeats one operation, untimed, for callgrind or perf.)
@main
struct SpintaxBench {
    static func main() {
        var runs = 7
        var rendersPerRun = 3_000
        var directory = BenchmarkData.defaultDirectory
        var showDiagnostics = false
        var profile: (operation: String, count: Int)?
        var arguments = CommandLine.arguments.dropFirst()
        while let argument = arguments.popFirst() {
            switch argument {
            case "--runs": runs = Int(arguments.popFirst() ?? "") ?? runs
            case "--renders": rendersPerRun = Int(arguments.popFirst() ?? "") ?? rendersPerRun
            case "--data": directory = arguments.popFirst() ?? directory
            case "--diagnostics": showDiagnostics = true
            case "--profile":
                let operation = arguments.popFirst() ?? ""
                profile = (operation, Int(arguments.popFirst() ?? "") ?? 1_000)
            default:
                print("usage: spintax-bench [--runs N] [--renders N] [--data DIR] [--diagnostics] [--profile render|headline|parse|lint COUNT]")
                exit(2)
            }
        }
        let workload: Workload
        do {
            workload = try Workload(data: BenchmarkData(directory: directory))
        } catch {
            print("spintax-bench: \(error)")
            exit(1)
        }

        if showDiagnostics {
            for d in workload.lintArticle(mode: .strict).diagnostics {
                print("article_template.txt:\(d.line):\(d.column): \(d.severity.rawValue)[\(d.code)]: \(d.message)")
            }
            exit(0)
        }

        var buffer: [UInt8] = []
        buffer.reserveCapacity(64 * 1024)
        if let (operation, count) = profile {
            var sink = 0
            for i in 0..<count {
                switch operation {
                case "render": sink &+= workload.renderArticles(first: UInt64(i), count: 1, buffer: &buffer)
                case "headline": sink &+= workload.enumerateHeadlines(buffer: &buffer).checksum
                case "parse": sink &+= workload.parseArticle().diagnostics.count
                case "lint": sink &+= workload.lintArticle(mode: .strict).diagnostics.count
                default:
                    print("spintax-bench: --profile takes render, headline, parse or lint")
                    exit(2)
                }
            }
            print("profiled \(count) x \(operation) (checksum \(sink % 9973))")
            exit(0)
        }
        // Warm-up: every binding once, so caches and the buffer's capacity are in steady state.
        var sink = workload.renderArticles(first: 0, count: 600, buffer: &buffer)
        let averageBytes = Double(sink) / 600

        var renderedBytes = 0
        var nextIndex: UInt64 = 600
        let renderSeconds = Stopwatch.best(runs: runs) {
            renderedBytes = workload.renderArticles(first: nextIndex, count: rendersPerRun, buffer: &buffer)
            nextIndex += UInt64(rendersPerRun)
        }
        sink &+= renderedBytes

        var variants = 0
        let headlineSeconds = Stopwatch.best(runs: runs) {
            let result = workload.enumerateHeadlines(buffer: &buffer)
            variants = result.variants
            sink &+= result.checksum
        }

        let parses = 40
        var diagnostics = (parse: 0, strict: 0, lenient: 0)
        // glibc may return the heap top to the kernel after each parse (its trim threshold) and
        // fault it back in on the next; minor faults per parse show when that happens.
        let faultsBefore = minorFaults()
        let parseSeconds = Stopwatch.best(runs: runs) {
            for _ in 0..<parses { diagnostics.parse = workload.parseArticle().diagnostics.count }
        } / Double(parses)
        let parseFaults = Double(minorFaults() - faultsBefore) / Double(runs * parses)
        let strictSeconds = Stopwatch.best(runs: runs) {
            for _ in 0..<parses { diagnostics.strict = workload.lintArticle(mode: .strict).diagnostics.count }
        } / Double(parses)
        let lenientSeconds = Stopwatch.best(runs: runs) {
            for _ in 0..<parses { diagnostics.lenient = workload.lintArticle(mode: .lenient).diagnostics.count }
        } / Double(parses)

        let article = workload.article
        print(
            "article: \(workload.data.articleSource.count) bytes, \(article.topLevelGroupCount) top-level groups, "
                + "\(article.variableNames.count) variables, count \(article.count); "
                + "renders \(Int(averageBytes)) bytes on average")
        print("headline: \(variants) variants (count \(workload.headline.count))")
        print("lint diagnostics: parse \(diagnostics.parse), strict \(diagnostics.strict), lenient \(diagnostics.lenient)")
        let figures = [
            Figure("article renders/s", Double(rendersPerRun) / renderSeconds, target: .atLeast(90_000)),
            Figure("article MB/s", Double(renderedBytes) / renderSeconds / 1e6, decimals: 1),
            Figure("headline variants/s", Double(variants) / headlineSeconds, target: .atLeast(10_000_000)),
            Figure("parse ms", parseSeconds * 1e3, decimals: 3, target: .atMost(1)),
            Figure("lint ms (strict)", strictSeconds * 1e3, decimals: 3, target: .atMost(2)),
            Figure("lint ms (lenient)", lenientSeconds * 1e3, decimals: 3, target: .atMost(2)),
            Figure("page faults/parse", parseFaults, decimals: 1),
        ]
        for figure in figures { print(figure.line) }
        if variants != 32_400 { print("headline: expected 32400 variants, enumerated \(variants)") }
        // Printed so the optimizer cannot drop the work; meaningless otherwise.
        print("(best of \(runs) runs, \(rendersPerRun) renders a run, checksum \(sink % 9973))")
        exit(figures.allSatisfy(\.meetsTarget) && variants == 32_400 ? 0 : 3)
    }
}

/// Minor page faults of this process so far.
func minorFaults() -> Int {
    var usage = rusage()
    #if canImport(Glibc)
    getrusage(RUSAGE_SELF.rawValue, &usage)
    #else
    getrusage(RUSAGE_SELF, &usage)
    #endif
    return usage.ru_minflt
}
