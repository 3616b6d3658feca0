import { Chart, Legend, LinearScale, LineElement, PointElement, Tooltip } from 'chart.js';

// Chart.js is tree-shaken: register the pieces the app's line charts use, once.
Chart.register(LinearScale, LineElement, PointElement, Legend, Tooltip);
