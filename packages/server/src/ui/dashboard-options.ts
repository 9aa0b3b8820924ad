/** Settings of the dashboard (`ui` of the gateway's options). */
export interface DashboardOptions {
  /**
   * How many recent requests the Recent requests view keeps (each a few hundred bytes; a few KB
   * more with `captureContent`).
   * @default 300
   * @example 1_000
   */
  recentRequests?: number;
}
