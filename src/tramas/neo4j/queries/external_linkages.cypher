// title: External linkages by kind
// description: Ties between the cluster and actors outside it (label :External: global
//   buyers, foreign suppliers, national agencies ...), per kind of external actor and
//   relation: how many ties, how many cluster actors hold them, how many external actors.
// param: study: string (required) -- study key
// param: wave: string = null -- only ties of this wave (default: every wave)
MATCH (a:Actor {study: $study})-[r]-(x:External)
WHERE NOT a:External AND ($wave IS NULL OR r.wave = $wave)
RETURN x.kind AS external_kind,
       toLower(type(r)) AS relation,
       count(r) AS ties,
       count(DISTINCT a) AS cluster_actors,
       count(DISTINCT x) AS external_actors
ORDER BY external_kind, relation
