import ArgumentParser
import ContentFactory

@main
struct ContentFactoryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "content-factory",
        abstract: "Generates Spark articles from spintax campaigns, driven by a PostgreSQL job queue.",
        version: ContentFactoryInfo.version,
        subcommands: [SpintaxCommand.self]
    )
}
