import PinterestModel

extension Warehouse {
    /// Replaces one account's rows in the four lookup tables, in one transaction, and records
    /// `run` as succeeded. Each producer streams one table's rows.
    @discardableResult
    public func replaceLookups(
        account: AdAccountRecord, run: RunRecord,
        campaigns: (RowInserter<CampaignRecord>) async throws -> Void,
        adGroups: (RowInserter<AdGroupRecord>) async throws -> Void,
        ads: (RowInserter<AdRecord>) async throws -> Void
    ) async throws -> LoadCounts {
        let stamp = RowStamp.lookup(refreshedAt: .now())
        let id = account.id
        func belongs(_ table: String, _ rowAccount: String) throws {
            guard rowAccount == id else {
                throw WarehouseError.rowOutsideLoad(table: table, reason: "ad account \(rowAccount) in a load for account \(id)")
            }
        }
        return try await transaction {
            var deleted = try execute("DELETE FROM pinterest_meta_adaccount WHERE id = $1", [.text(id)])
            for table in [CampaignRecord.tableName, AdGroupRecord.tableName, AdRecord.tableName] {
                deleted += try execute("DELETE FROM \(table) WHERE ad_account_id = $1", [.text(id)])
            }
            var written = try await bulkInsert(AdAccountRecord.self, stamp: stamp) { try $0.insert(account) }
            written += try await bulkInsert(CampaignRecord.self, stamp: stamp) { inserter in
                try await campaigns(inserter.checking { try belongs(CampaignRecord.tableName, $0.adAccountId) })
            }
            written += try await bulkInsert(AdGroupRecord.self, stamp: stamp) { inserter in
                try await adGroups(inserter.checking { try belongs(AdGroupRecord.tableName, $0.adAccountId) })
            }
            written += try await bulkInsert(AdRecord.self, stamp: stamp) { inserter in
                try await ads(inserter.checking { try belongs(AdRecord.tableName, $0.adAccountId) })
            }
            var finished = run
            finished.status = .succeeded
            finished.finishedAt = .now()
            finished.rowsDeleted = deleted
            finished.rowsWritten = written
            finished.error = nil
            try upsertRun(finished)
            return LoadCounts(rowsDeleted: deleted, rowsWritten: written)
        }
    }
}
