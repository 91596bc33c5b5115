// title: Lead firms
// description: Firms of the cluster ranked by lead-firm score (size, centrality, external
//   links and vertical partners); `lead_firm` is true for the firms the analysis selected
//   (label :LeadFirm). Needs an analysis written back (tramas analyze --neo4j KEY --write-back).
// param: study: string (required) -- study key
// param: limit: int[1..10000] = 10 -- how many firms to list
MATCH (a:Actor {study: $study})
WHERE a.lead_firm_rank IS NOT NULL AND a.lead_firm_rank >= 1
RETURN a.lead_firm_rank AS rank,
       a.id AS id,
       a.name AS name,
       a.size AS size,
       a.lead_firm_score AS score,
       a:LeadFirm AS lead_firm,
       a.lead_firm_reason AS reason
ORDER BY rank, id
LIMIT $limit
