/** The library that fits every PitWall model, as the cards and contracts name it. */
export const TRAINING_LIBRARY = "TensorFlow.js 4.22 (@tensorflow/tfjs, CPU backend)";
