// title: Value-chain governance by destination market
// description: Ties of the value-chain relation (supplier to buyer) per destination market
//   and governance derived from the survey evidence with the study's rules (property
//   `derived_governance`, written by tramas db load; `unknown` when the evidence does not
//   decide or the survey has no value-chain evidence): how many ties, and their share of the market's ties. Ties without a market
//   are counted under `unspecified`.
// param: study: string (required) -- study key
// param: relation: string = "trade" -- the value-chain relation
// param: wave: string = null -- only ties of this wave (default: every wave)
MATCH (a:Actor {study: $study})-[r]->(b:Actor)
WHERE type(r) = toUpper($relation)
  AND ($wave IS NULL OR r.wave = $wave)
WITH CASE WHEN r.market IS NULL OR r.market = '' THEN 'unspecified' ELSE r.market END AS market,
     coalesce(r.derived_governance, 'unknown') AS governance,
     count(r) AS ties
WITH market, collect({governance: governance, ties: ties}) AS rows, sum(ties) AS total
UNWIND rows AS row
RETURN market,
       row.governance AS governance,
       row.ties AS ties,
       toFloat(row.ties) / total AS share
ORDER BY market, ties DESC, governance
