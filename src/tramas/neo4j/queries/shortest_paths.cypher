// title: Shortest paths between two actors
// description: Every shortest chain of ties (in either direction, at most 8 steps) that
//   links two actors given by id or exact name: who could carry information from one to
//   the other. Optionally through one relation or one wave only.
// param: study: string (required) -- study key
// param: source: string (required) -- first actor (id or exact name)
// param: target: string (required) -- second actor (id or exact name)
// param: relation: string = null -- only ties of this relation (default: any)
// param: wave: string = null -- only ties of this wave (default: any)
MATCH (a:Actor {study: $study})
WHERE a.id = $source OR a.name = $source
MATCH (b:Actor {study: $study})
WHERE (b.id = $target OR b.name = $target) AND b <> a
MATCH p = allShortestPaths((a)-[*..8]-(b))
WHERE all(n IN nodes(p) WHERE n:Actor)
  AND all(r IN relationships(p) WHERE ($relation IS NULL OR type(r) = toUpper($relation))
                                  AND ($wave IS NULL OR r.wave = $wave))
RETURN DISTINCT length(p) AS steps,
       [n IN nodes(p) | n.id] AS ids,
       [n IN nodes(p) | n.name] AS names,
       [r IN relationships(p) | toLower(type(r))] AS relations
ORDER BY ids, relations
