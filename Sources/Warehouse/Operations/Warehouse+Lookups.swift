import PinterestModel

extension Warehouse {
    /// Replaces one account's rows in the lookup tables, in one transaction, and records `run`
    /// as succeeded. Each producer streams one table's rows; `pins` nil leaves that account's
    /// creatives as they were (the token may lack the scope to list them).
    @discardableResult
    public func replaceLookups(
        account: AdAccountRecord, run: RunRecord,
        campaigns: (RowInserter<CampaignRecord>) async throws -> Void,
        adGroups: (RowInserter<AdGroupRecord>) async throws -> Void,
        ads: (RowInserter<AdRecord>) async throws -> Void,
        pins: ((RowInserter<PinRecord>) async throws -> Void)? = nil
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
            if let pins {
                deleted += try execute("DELETE FROM \(PinRecord.tableName) WHERE ad_account_id = $1", [.text(id)])
                written += try await bulkInsert(PinRecord.self, stamp: stamp) { inserter in
                    try await pins(inserter.checking { try belongs(PinRecord.tableName, $0.adAccountId) })
                }
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

    /// Replaces the names of the codes of `types` (those Pinterest served this run), in one
    /// transaction; other types' names stay.
    @discardableResult
    public func replaceTargetingNames(types: [String], names: [TargetingName]) async throws -> Int {
        let stamp = RowStamp.lookup(refreshedAt: .now())
        return try await transaction {
            for type in types {
                try execute("DELETE FROM \(TargetingName.tableName) WHERE targeting_type = $1", [.text(type)])
            }
            return try await bulkInsert(TargetingName.self, stamp: stamp) { inserter in
                for name in names where types.contains(name.targetingType) { try inserter.insert(name) }
            }
        }
    }
}
