/* tramas map page: filters by actor attribute, relation and tie weight; the wave slider; keyboard access. Extends window.tramasMap (see map.js). */
