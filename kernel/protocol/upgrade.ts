/** Why a WebSocket upgrade is refused, or null when it may proceed. */
export function checkUpgrade(
  request: {path: string; origin: string | null; host: string | null},
  allowedOrigins: readonly string[],
): {status: number; message: string} | null {
  if (request.path !== "/v1/live") return {status: 404, message: "WebSocket endpoint is /v1/live"};
  // Browsers always send Origin; programs (notebook servers, load generators) usually do not.
  if (request.origin == null || request.origin === "") return null;
  if (allowedOrigins.includes(request.origin)) return null;
  if (request.host && sameHost(request.origin, request.host)) return null;
  return {
    status: 403,
    message: `origin ${request.origin} is not allowed: add it to PITWALL_KERNEL_ORIGINS`,
  };
}

function sameHost(origin: string, host: string): boolean {
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}
