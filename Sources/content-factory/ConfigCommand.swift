import ArgumentParser
import ContentFactory
import ContentFactoryOperations

/// `content-factory config check [--json]`: the effective configuration and where each value came from.
struct ConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "Inspect the configuration.",
        subcommands: [Check.self])

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "check",
            abstract: "Print the effective configuration; exit 78 naming the setting and source of a bad value.",
            discussion: """
                Accepts the same flags as `run`. Precedence: default < file (--config, $CF_CONFIG, else \
                /etc/content-factory/config.json when it exists) < environment (DATABASE_URL, CF_*) < flag. \
                The database URL is redacted.
                """)

        @OptionGroup var global: GlobalOptions
        @OptionGroup var queue: QueueOptions

        @Flag(name: .customLong("json"), help: #"One JSON object: {"setting": {"value": …, "source": "default|file|env|flag"}}."#)
        var json = false

        func run() throws {
            let configuration = try global.configuration(daemonFlags: queue.flagValues)
            print(json ? JSONText.encode(configuration.reportJSON) : configuration.reportText)
        }
    }
}
