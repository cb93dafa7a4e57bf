import Foundation
import PinterestModel

/// English names of the ISO 3166-1 countries, for the `COUNTRY` breakdown (Pinterest serves no
/// names for it: its values are the ISO codes themselves).
enum CountryNames {
    static let all: [TargetingName] = {
        let english = Locale(identifier: "en_US")
        return Locale.Region.isoRegions.compactMap { region -> TargetingName? in
            let code = region.identifier
            // Two letters: countries and territories; the numeric ids are UN regions (001 World).
            guard code.count == 2, code.allSatisfy(\.isLetter),
                  let name = english.localizedString(forRegionCode: code), name != code else { return nil }
            return TargetingName(targetingType: "COUNTRY", code: code, name: name)
        }.sorted { $0.code < $1.code }
    }()
}
