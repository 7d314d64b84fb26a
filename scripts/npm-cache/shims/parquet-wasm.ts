// Framework 1.13's FileAttachment.parquet() calls `init(url)`; parquet-wasm 0.8 (newer wasm-bindgen)
// wants `init({module_or_path})` and logs a deprecation warning otherwise. This adapter keeps the
// console clean without touching either side.
import initWasm, {type InitInput} from "parquet-wasm/esm/parquet_wasm.js";

export * from "parquet-wasm/esm/parquet_wasm.js";

type InitArgument = Parameters<typeof initWasm>[0];

let loading: ReturnType<typeof initWasm> | null = null;

/**
 * Loads the WebAssembly module once; takes a URL as Framework passes it, or parquet-wasm's options object.
 * Framework calls this on every `.parquet()`, and wasm-bindgen only remembers a module once it has loaded,
 * so a page decoding several files at once would fetch and compile the 5 MB module once per file.
 */
export default function init(input?: InitArgument): ReturnType<typeof initWasm> {
  const isOptions = input != null && Object.getPrototypeOf(input) === Object.prototype;
  loading ??= initWasm(input === undefined || isOptions ? input : {module_or_path: input as InitInput});
  return loading;
}
