extension SimilarityEstimate {
    /// Adds the estimate to an `explain`/`lint` report, and `W_SIMILAR` when it is over the job's
    /// threshold.
    ///
    /// - Throws: nothing; a sample that fails to render is left to the pre-flight's own findings.
    static func report(_ prepared: PreparedCampaignJob, into report: inout CampaignArticleGenerator.Report) {
        let settings = prepared.spec.similarity
        guard let estimate = try? SimilarityEstimate(job: prepared) else { return }
        report.explanationOrder.append("similarity")
        report.explanation["similarity"] = estimate.summary + "; max_similarity "
            + (settings.isEnabled ? "\(settings.maxSimilarity), on_similar \(settings.onSimilar.rawValue)" : "1 (guard off)")
        report.explanationOrder.append("most shared fragments")
        report.explanation["most shared fragments"] = estimate.fragmentsText
        if settings.isEnabled, estimate.nearestAtQuantity > settings.maxSimilarity {
            let first = estimate.topFragments.first
            report.diagnostics.append(GenerationDiagnostic(
                severity: .warning, code: "W_SIMILAR",
                message: "estimated nearest-neighbour similarity at \(prepared.targetQuantity) articles is "
                    + String(format: "%.2f", estimate.nearestAtQuantity) + ", over max_similarity \(settings.maxSimilarity): "
                    + "expect redraws (on_similar \(settings.onSimilar.rawValue)); enrich the fragments the closest articles share most, "
                    + "\(estimate.fragmentsText): add fragments of those types or more groups (and longer alternatives) to them",
                templateKind: first?.fragment.type, templateID: first?.fragment.id))
        }
    }
}
