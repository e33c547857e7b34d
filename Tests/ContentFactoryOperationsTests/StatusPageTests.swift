import ContentFactory
import ContentFactoryOperations
import Foundation
import Testing

@Suite struct StatusPageTests {
    @Test func showsRunningJobsWithProgressAndEscapesDatabaseText() {
        let snapshot = StatusSnapshot(
            counts: [("processing", 1), ("failed", 1)],
            running: [.init(id: "0b0e5f0e-0000-4000-8000-000000000001", progress: 42, offset: 420, target: 1000,
                            worker: "host/1/<w>", heartbeatAge: 1.5)],
            failed: [.init(id: "0b0e5f0e-0000-4000-8000-000000000002", attempt: 5,
                           lastError: "<script>alert('x')</script> & more", updatedAt: "2026-12-01 07:00:00")],
            workers: [], log: [.init(id: 7, timestamp: "t", level: "info", action: "batch.committed", entityID: "e",
                                     details: #"{"a": "<b>"}"#)])
        let html = StatusPage(refreshSeconds: 3).render(snapshot)
        #expect(html.contains(#"<progress value="42" max="100">"#))
        #expect(html.contains("0b0e5f0e-0000-4000-8000-000000000001"))
        #expect(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; more"))
        #expect(!html.contains("<script"))
        #expect(html.contains("host/1/&lt;w&gt;"))
        #expect(html.contains("&lt;b&gt;"))
        #expect(html.contains(#"<meta http-equiv="refresh" content="3">"#))
        #expect(!html.contains("http://") && !html.contains("https://"), "no external assets")
    }

    @Test func schemaObjectsIncludeTheWakeUpTrigger() {
        let objects = SchemaObjects().objects
        #expect(objects.contains(.init(kind: .trigger, name: "generation_jobs_notify", table: "generation_jobs")))
        #expect(objects.contains(.init(kind: .function, name: "content_factory_notify", table: nil)))
        #expect(objects.contains(.init(kind: .index, name: "generation_jobs_claim_idx", table: "generation_jobs")))
    }
}
