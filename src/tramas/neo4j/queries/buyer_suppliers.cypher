// title: Suppliers of a buyer and their governance
// description: The suppliers of one buyer (id or exact name; default every buyer outside
//   the cluster, label :External) on the value-chain relation,
//   wave by wave: the governance of each tie derived from the survey evidence
//   (`derived_governance`; `unknown` when the evidence does not decide) and the rule that
//   decided it, the governance the survey states (if any), the destination market, who
//   sets the specifications and the buyer's share of the supplier's sales.
// param: study: string (required) -- study key
// param: buyer: string = null -- buyer id or exact name (default: every external buyer)
// param: relation: string = "trade" -- the value-chain relation
MATCH (b:Actor {study: $study})
WHERE ($buyer IS NULL AND b:External) OR b.id = $buyer OR b.name = $buyer
MATCH (s:Actor {study: $study})-[r]->(b)
WHERE type(r) = toUpper($relation)
RETURN b.id AS buyer,
       r.wave AS wave,
       s.id AS supplier,
       s.name AS supplier_name,
       coalesce(r.derived_governance, 'unknown') AS governance,
       r.governance_rule AS rule,
       r.governance AS stated_governance,
       r.market AS market,
       r.spec_setter AS spec_setter,
       r.buyer_share AS buyer_share
ORDER BY buyer, wave, supplier
