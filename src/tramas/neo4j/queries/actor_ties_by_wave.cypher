// title: An actor's ties by wave
// description: Every tie of one actor (id or exact name), wave by wave: the relation, the
//   direction of the flow (out: from this actor; in: to it), the partner and the weight.
//   Compare waves to see which ties appeared or dissolved.
// param: study: string (required) -- study key
// param: actor: string (required) -- actor id or exact name
MATCH (a:Actor {study: $study})
WHERE a.id = $actor OR a.name = $actor
MATCH (a)-[r]-(b:Actor)
RETURN r.wave AS wave,
       toLower(type(r)) AS relation,
       CASE WHEN startNode(r) = a THEN 'out' ELSE 'in' END AS direction,
       b.id AS partner,
       b.name AS partner_name,
       r.weight AS weight
ORDER BY wave, relation, direction, partner
