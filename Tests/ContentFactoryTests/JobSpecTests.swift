import Foundation
import Testing
@testable import ContentFactory

@Suite struct JobSpecTests {
    let campaign = UUID(uuidString: "3f1c2a44-8a77-4e0c-9d52-0d6f0b7f5a11")!
    let job = UUID(uuidString: "01020304-0506-0708-090a-0b0c0d0e0f10")!

    @Test func minimalSpecTakesEveryDefault() throws {
        let spec = try JobSpec(filters: #"{"campaign_id": "\#(campaign.uuidString)"}"#, jobID: job)
        #expect(spec.campaignID == campaign)
        #expect(spec.avatars == .all)
        #expect(spec.variants == .none)
        #expect(spec.patterns == .none)
        #expect(spec.offerBlocks == .all)
        #expect(spec.campaignHeadline)
        #expect(!spec.publish)
        #expect(spec.headlineSource == .spintax)
        #expect(spec.effectiveSeed(jobID: job) == 0x0102_0304_0506_0708)
    }

    @Test func fullSpecDecodes() throws {
        let filters = """
            {"campaign_id": "\(campaign.uuidString)",
             "geo": {"source": "locations_cities", "states": ["TX", "Florida"], "min_population": 50000,
                     "max_population": 900000, "limit": 25},
             "avatars": ["\(job.uuidString)"], "variants": "all", "patterns": "all",
             "campaign_headline": false, "offer_blocks": "none", "structure": ["intro_hook", "conclusion"],
             "variables": {"Niche": "Solar", "Agency_Name": "Acme"}, "seed": 42, "publish": true,
             "headline_source": "inventory"}
            """
        let spec = try JobSpec(filters: filters, jobID: job)
        #expect(spec.geo.source == .cities)
        #expect(spec.geo.states == ["TX", "Florida"])
        #expect(spec.geo.minPopulation == 50000)
        #expect(spec.geo.maxPopulation == 900_000)
        #expect(spec.geo.limit == 25)
        #expect(spec.avatars == .ids([job]))
        #expect(spec.variants == .all)
        #expect(spec.offerBlocks == .none)
        #expect(spec.structure == ["intro_hook", "conclusion"])
        #expect(spec.variables == ["Niche": "Solar", "Agency_Name": "Acme"])
        #expect(spec.seed == 42)
        #expect(spec.publish)
        #expect(spec.headlineSource == .inventory)
    }

    @Test func campaignColumnCountsWhenFiltersOmitIt() throws {
        let spec = try JobSpec(filters: "{}", jobID: job, campaignColumn: campaign)
        #expect(spec.campaignID == campaign)
    }

    @Test(arguments: [
        (#"{"campaign_id": "C", "min_populaton": 5}"#, JobSpecError.Code.unknownKey, "min_populaton"),
        (#"{"campaign_id": "C", "geo": {"min_populaton": 5}}"#, .unknownKey, "geo.min_populaton"),
        (#"{"campaign_id": "C", "geo": {"min_population": "5"}}"#, .wrongType, "geo.min_population"),
        (#"{"campaign_id": "C", "publish": "yes"}"#, .wrongType, "publish"),
        (#"{"campaign_id": "C", "seed": 1.5}"#, .wrongType, "seed"),
        (#"{"campaign_id": "C", "avatars": ["nope"]}"#, .invalidValue, "avatars[0]"),
        (#"{"campaign_id": "C", "variants": "some"}"#, .invalidValue, "variants"),
        (#"{"campaign_id": "C", "headline_source": "llm"}"#, .invalidValue, "headline_source"),
        (#"{"campaign_id": "C", "geo": {"source": "zip_codes"}}"#, .invalidValue, "geo.source"),
        (#"{"campaign_id": "C", "variables": {"Niche": 3}}"#, .wrongType, "variables.Niche"),
        (#"{"campaign_id": "not-a-uuid"}"#, .invalidValue, "campaign_id"),
        (#"{"geo": {}}"#, .missingCampaign, "campaign_id"),
        (#"[1, 2]"#, .malformed, ""),
        (#"{"campaign_id": "#, .malformed, ""),
    ])
    func badSpecNamesKeyAndJob(filters: String, code: JobSpecError.Code, key: String) {
        let text = filters.replacingOccurrences(of: "\"C\"", with: "\"\(campaign.uuidString)\"")
        let error = #expect(throws: JobSpecError.self) { try JobSpec(filters: text, jobID: job) }
        #expect(error?.code == code)
        #expect(error?.key == key)
        #expect(error?.jobID == job)
        #expect(error?.description.contains(job.uuidString.lowercased()) == true)
    }

    @Test func unknownKeySuggestsTheNearestKnownOne() {
        let error = #expect(throws: JobSpecError.self) {
            try JobSpec(filters: #"{"campaign_id": "\#(campaign.uuidString)", "patern": "all"}"#, jobID: job)
        }
        #expect(error?.message.contains("did you mean \"patterns\"") == true)
    }
}
