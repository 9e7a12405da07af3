import { loadStudent } from './model-file.ts';
import { PackedSoftmaxModel } from './packed-softmax-model.ts';
import { SoftmaxModel } from './softmax-model.ts';
import { Student } from './student.ts';

/**
 * Loads a model file for prediction: a float softmax model becomes its
 * packed int8 form (see `PackedSoftmaxModel`), which is what `hotline run`,
 * `eval` and the server use; other kinds are returned as stored.
 *
 * @throws ModelFormatError when the file is missing or not a model.
 */
export function loadStudentForInference(file: string): Student {
  const student = loadStudent(file);
  if (!(student.model instanceof SoftmaxModel)) return student;
  if (student.model.classCount > 7) return student;
  return new Student({
    labels: student.labels,
    settings: student.settings,
    model: PackedSoftmaxModel.fromModel(student.model),
    temperature: student.temperature,
    metadata: student.metadata,
  });
}
