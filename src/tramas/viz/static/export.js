/* tramas map page: PNG and SVG download of the current view, saving the layout as JSON. Extends window.tramasMap (see map.js). */
