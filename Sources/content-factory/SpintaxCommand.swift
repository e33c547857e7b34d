import ArgumentParser

/// `content-factory spintax …`: thin wrappers over the Spintax module for authors and scripts.
struct SpintaxCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "spintax",
        abstract: "Lint, count, enumerate and render spintax templates.",
        subcommands: [
            SpintaxLintCommand.self, SpintaxCountCommand.self, SpintaxVariantCommand.self,
            SpintaxRenderCommand.self, SpintaxBatchCommand.self,
        ]
    )
}
