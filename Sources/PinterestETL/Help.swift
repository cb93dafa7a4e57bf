/// Usage text for every command, and which options each accepts.
enum Help {
    struct Spec {
        let valued: Set<String>
        var flags: Set<String> = []
        let usage: String
    }

    static let version = "0.1.0"

    static let globalOptions = """
        Options every command takes:
          --config PATH            JSON configuration file (default: $PINTEREST_ETL_CONFIG, else /etc/pinterest-etl/config.json if present)
          --sink URL               warehouse: sqlite:PATH or postgres://… (default: config 'sink', else sqlite:pinterest.sqlite)
          --log-format text|json   one event per line on stderr (default text)
          --log-level LEVEL        debug, info, warning or error (default info)
        """

    static let commands: [String: Spec] = [
        "migrate": Spec(valued: [], usage: """
            pinterest-etl migrate [OPTIONS]
              Creates or upgrades the warehouse schema. Safe to run any number of times.
            """),
        "delivery": Spec(valued: ["--accounts", "--lookback-days", "--from", "--to"], usage: """
            pinterest-etl delivery [--accounts ID,ID] [--lookback-days N | --from YYYY-MM-DD --to YYYY-MM-DD] [OPTIONS]
              Imports one row per ad per day into pinterest_data_delivery. By default re-imports the
              last N complete UTC days ending yesterday (N = lookback_days, default 5), replacing
              those days per account in one transaction. --from/--to backfills an explicit window,
              committed chunk by chunk.
            """),
        "meta": Spec(valued: ["--accounts"], usage: """
            pinterest-etl meta [--accounts ID,ID] [OPTIONS]
              Replaces each account's campaigns, ad groups and ads (every status, archived
              included) and the account itself in the lookup tables, one transaction per account.
            """),
        "accounts": Spec(valued: [], usage: """
            pinterest-etl accounts [OPTIONS]
              Lists the ad accounts the credentials can read: id, name, currency, country.
            """),
        "auth url": Spec(valued: ["--redirect-uri", "--state"], usage: """
            pinterest-etl auth url [--redirect-uri URI] [--state TEXT] [OPTIONS]
              Prints the Pinterest consent URL for the app (scope ads:read).
            """),
        "auth exchange": Spec(valued: ["--redirect-uri"], usage: """
            pinterest-etl auth exchange CODE [--redirect-uri URI] [OPTIONS]
              Trades the authorization code from the consent redirect for tokens and stores them
              in the token store (mode 0600).
            """),
        "auth check": Spec(valued: [], usage: """
            pinterest-etl auth check [OPTIONS]
              Refreshes the access token with the stored refresh token (storing the rotated one)
              and reports whether the credentials work.
            """),
        "status": Spec(valued: ["--max-age-days"], usage: """
            pinterest-etl status [--max-age-days N] [OPTIONS]
              Shows the recent runs per job and account, rows written and the newest loaded date.
              Exits 1 when an account's newest delivery date is more than N days old (default 2)
              or its last run failed, so a monitor can call it.
            """),
        "demo": Spec(valued: ["--seed", "--accounts", "--ads"], usage: """
            pinterest-etl demo [--seed N] [--accounts N] [--ads N] [--sink URL]
              Starts the built-in Pinterest simulator on loopback and runs migrate, meta and
              delivery into ./pinterest-demo.sqlite (or --sink), then prints what it loaded.
              Needs no account and no network.
            """),
        "simulator": Spec(valued: ["--port", "--seed", "--accounts", "--ads", "--faults"], usage: """
            pinterest-etl simulator [--port N] [--seed N] [--accounts N] [--ads N] [--faults SPEC,SPEC]
              Serves the built-in Pinterest API v5 simulator on 127.0.0.1 (default port 8090)
              until stopped. Client id sim-client-id, secret sim-client-secret, refresh token
              pinr.sim-initial-refresh-token. Faults: 429xN[@path], 500xN, 503xN, slow:Ns, reset,
              truncate, malformed, endless, fail, expire, expire-token, revoke, retry:Ns.
            """),
        "bench": Spec(valued: ["--rows", "--naive-rows", "--ads", "--days", "--scale", "--passes", "--postgres"],
                      flags: ["--skip-postgres"], usage: """
            pinterest-etl bench [--rows N] [--naive-rows N] [--ads N] [--days N] [--scale N] [--passes N]
                                [--postgres URL | --skip-postgres]
              Measures performance and prints the figures with each target's ratio (build with
              -c release first). Load throughput: --rows synthetic delivery rows (default
              1000000) into SQLite and PostgreSQL through the sink, next to the naive path (one
              autocommitted INSERT per row, on --naive-rows, default 20000) and the floor (a
              plain prepared-statement loop; psql \\copy of the same rows as CSV). Each bulk
              load and its floor run --passes times (default 2), taking turns at going first;
              the best pass counts. PostgreSQL is --postgres URL (in a schema of its own,
              dropped afterwards) or a throwaway server started with initdb and pg_ctl.
              End to end: a delivery backfill of --ads ads (default 20000) x --days days
              (default 30) from the built-in simulator into SQLite, run as a child process for
              its peak memory, then of --scale times the ads (default 10); then the API calls
              of a daily delivery run and of a meta refresh.
            """),
    ]

    static var overview: String {
        """
        pinterest-etl \(version): moves Pinterest Ads data into SQLite or PostgreSQL.

        Usage: pinterest-etl COMMAND [OPTIONS]

        Commands:
          migrate        create or upgrade the warehouse schema
          delivery       import daily delivery per ad (the last 5 days, or --from/--to)
          meta           refresh the campaign, ad group, ad and account lookup tables
          accounts       list the ad accounts the credentials can read
          auth           url | exchange CODE | check: OAuth bootstrap and check
          status         recent runs and data freshness (non-zero when stale)
          demo           run everything against the built-in simulator into SQLite
          simulator      serve the built-in Pinterest API simulator on loopback
          bench          measure load throughput, memory and API calls (see README)

        \(globalOptions)

        Exit codes: 0 ok, 1 an account failed, 64 bad command line, 69 unreachable,
        75 busy or rate limited, 77 credentials rejected, 78 bad configuration.
        Run 'pinterest-etl COMMAND --help' for a command's options.
        """
    }

    static func text(for topic: String?) -> String {
        guard let topic else { return overview }
        if topic == "auth" {
            return "Usage:\n" + ["auth url", "auth exchange", "auth check"].compactMap { commands[$0]?.usage }.joined(separator: "\n\n")
                + "\n\n" + globalOptions
        }
        guard let spec = commands[topic] else { return overview }
        return "Usage: " + spec.usage + "\n\n" + globalOptions
    }
}
