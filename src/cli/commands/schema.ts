import { gatewaySchema } from '../../spec/schema.js';
import { WsctlCommand } from '../base.js';

/** wsctl schema: the JSON Schema of wsctl/v1 Gateway (for editors and CI). */
export default class Schema extends WsctlCommand {
  static override description = 'Print the JSON Schema of the wsctl/v1 spec (use with yaml-language-server).';

  async run(): Promise<void> {
    await this.parse(Schema);
    this.printJson(gatewaySchema());
  }
}
