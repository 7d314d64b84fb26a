// Lap charts (running order after every lap, 2021 to 2024) as rows of the canonical lap_chart table. Node only.
export {
  getLapChartsFolder,
  parseLapChart,
  readLapChart,
  readLapCharts,
  toLapChartName,
  type LapChartName,
  type LapChartRead,
} from "./read-lap-charts.js";
