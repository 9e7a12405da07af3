export { dispatch, type DispatchInput } from './dispatch.ts';
export {
  loadDepartmentCatalogue,
  parseDepartmentCatalogue,
  defaultCataloguePath,
  type DepartmentCatalogue,
} from './department-catalogue.ts';
