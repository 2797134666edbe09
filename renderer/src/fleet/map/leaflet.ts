// Leaflet and its cluster plugin, loaded in the one order that works: the plugin is a UMD
// script that extends the global L which Leaflet's own bundle sets. Import L from here only.
import L from 'leaflet';
import 'leaflet.markercluster';
import 'leaflet/dist/leaflet.css';
import 'leaflet.markercluster/dist/MarkerCluster.css';

export { L };
